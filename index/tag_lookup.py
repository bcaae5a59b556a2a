"""Which pages are about a machine: the tag index and the keyword index asked together.

The tag index (index.tags, kept in the catalog) holds the tags as documents write them in the
canonical form; a page that spells one otherwise (P101 for P-101) is only in the keyword index,
under that spelling. Search ranking and the tag view both ask here, so they agree on which pages
name a tag.
"""

from __future__ import annotations

from index.catalog import Catalog
from index.keywords import KeywordIndex
from index.tags import named_in, variants

PageKey = tuple[str, int]


class TagLookup:
    def __init__(self, catalog: Catalog, keywords: KeywordIndex):
        self._catalog = catalog
        self._keywords = keywords

    def named(self, question: str) -> list[str]:
        """The known tags a question names, in any spelling ("what failed on p101?"). Only
        known ones: "step 3" or "STM32" in a question is not a machine of this plant."""
        return self._catalog.known_tags(named_in(question))

    def spelled_otherwise(self, tag: str) -> set[PageKey]:
        """Pages whose passages write `tag` in any of its spellings (keyword tokens)."""
        found: set[PageKey] = set()
        for spelling in variants(tag):
            found |= self._keywords.pages_containing(spelling)
        return found

    def pages(self, tag: str) -> set[PageKey]:
        """Every page, note and sheet that names `tag`."""
        return self._catalog.tagged_pages(tag) | self.spelled_otherwise(tag)
