"""The checks of each capture kind, and the document checks the licence and passport share."""
