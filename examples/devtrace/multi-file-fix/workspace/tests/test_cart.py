from shop.cart import Cart


def test_count():
    cart = Cart()
    cart.add(5, quantity=2)
    cart.add(3)
    assert cart.count() == 3


def test_total_with_discount():
    cart = Cart()
    cart.add(10, quantity=3)
    cart.add(20)
    assert cart.total(discount_percent=50) == 25
