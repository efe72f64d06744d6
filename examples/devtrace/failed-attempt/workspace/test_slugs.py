from slugs import slugify


def test_slugify_simple():
    assert slugify("Hello, World!") == "hello-world"


def test_slugify_accents():
    assert slugify("Crème brûlée à Paris") == "creme-brulee-a-paris"
