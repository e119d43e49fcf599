from portal.services import reference_numbers


def test_new_numbers_are_valid_random_and_ten_digits():
    numbers = {reference_numbers.new() for _ in range(500)}
    assert len(numbers) == 500
    assert all(len(n) == 10 and n.isdigit() and n[0] != "0" for n in numbers)
    assert all(reference_numbers.is_valid(n) for n in numbers)


def test_every_single_digit_typo_is_caught():
    number = reference_numbers.new()
    for position in range(10):
        for digit in "0123456789":
            if digit != number[position]:
                typo = number[:position] + digit + number[position + 1 :]
                assert not reference_numbers.is_valid(typo)


def test_every_adjacent_swap_is_caught():
    number = reference_numbers.new()
    for position in range(9):
        swapped = (
            number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        )
        if swapped != number:
            assert not reference_numbers.is_valid(swapped)


def test_typed_separators_are_ignored_and_letters_refused():
    number = reference_numbers.new()
    assert reference_numbers.is_valid(reference_numbers.display(number))
    assert reference_numbers.is_valid(f" {number[:5]} {number[5:]} ")
    assert not reference_numbers.is_valid(number[:-1] + "x")
    assert not reference_numbers.is_valid("")
    assert not reference_numbers.is_valid(None)
