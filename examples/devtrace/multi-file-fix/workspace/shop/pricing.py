"""Prices and discounts."""


def apply_discount(price, percent):
    """Price after a discount given in percent (10 means 10 % off)."""
    return round(price * (100 - percent) / 100, 2)
