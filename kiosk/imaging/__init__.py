"""Imaging: decode, crop, encode within a byte budget."""
