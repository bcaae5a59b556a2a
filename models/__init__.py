"""Models behind seams: passage sizing, search vectors, the chat model. Constructors are cheap;
weights load on first use."""
