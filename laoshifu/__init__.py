"""Laoshifu: an offline maintenance assistant that answers from a plant's own documents."""

__version__ = "0.1.0"
