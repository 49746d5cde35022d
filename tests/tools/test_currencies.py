"""Which currencies a text names: what a question asks its amount in."""

from tools.currencies import named_currencies


def test_a_currency_is_named_by_symbol_code_or_name_and_a_time_is_no_currency():
    assert named_currencies("the dividend in Hong Kong dollars") == {"HKD"}
    assert named_currencies("How many yen per share, and the HK$ figure?") == {
        "JPY",
        "HKD",
    }
    assert named_currencies("after the $293 million raise, in EUR") == {"USD", "EUR"}
    assert named_currencies("the price in pence") == {"GBX"}
    assert named_currencies("its Canadian-dollar bond, in US dollar terms") == {
        "CAD",
        "USD",
    }
    assert named_currencies("the call at 4 p.m. on Sept 5") == frozenset()
