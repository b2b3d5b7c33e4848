"""Finding a document in a frame: its outline, its corners and its physical geometry."""
