"""Reading what documents carry: the passport MRZ (OCR), the licence's AAMVA record."""
