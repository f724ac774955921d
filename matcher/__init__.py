"""Tanjung Barat matcher."""
