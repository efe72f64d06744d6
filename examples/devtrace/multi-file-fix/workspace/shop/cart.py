"""A shopping cart."""

from shop.pricing import apply_discount


class Cart:
    def __init__(self):
        self.lines = []

    def add(self, price, quantity=1):
        self.lines.append((price, quantity))

    def count(self):
        return sum(quantity for _, quantity in self.lines)

    def total(self, discount_percent=0):
        subtotal = sum(price * quantity for price, quantity in self.lines)
        return apply_discount(subtotal, discount_percent)
