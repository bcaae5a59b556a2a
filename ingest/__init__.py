"""Files to pages to chunks. Headless: no Qt, no stores, no models."""
