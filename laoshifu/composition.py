"""Where the app's parts are chosen: the one module that names the concrete backends.

Everything else is typed against the seams (`index.vector_index.VectorStorage` and
`VectorIndex` so far). Today the vectors are embedded Chroma in the library folder; a Chroma
server (the plant-wide library) is chosen here too, from the same settings.
"""

from __future__ import annotations

from index.chroma import ChromaFolder
from index.vector_index import VectorStorage
from kernel.config import DataPaths


def vector_storage(paths: DataPaths) -> VectorStorage:
    """Where this library's passage vectors live: embedded Chroma in its folder."""
    return ChromaFolder(paths.vectors)
