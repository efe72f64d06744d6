from shop.pricing import apply_discount


def test_discount_percentage():
    assert apply_discount(200, 10) == 180


def test_no_discount():
    assert apply_discount(19.99, 0) == 19.99
