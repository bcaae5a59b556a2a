"""The stores (catalog, vectors) and retrieval over them. Headless: no Qt."""
