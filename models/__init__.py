"""Embedder and generator wrappers. Constructors are cheap; weights load on first use."""
