"""The seat rule without a database: seats first, then the waitlist; promotion never overfills."""

from werkstatt.registration.seats import placement, promotable


def test_free_seat_confirms_and_full_workshop_waitlists() -> None:
    assert placement(confirmed=19, capacity=20) == "confirmed"
    assert placement(confirmed=20, capacity=20) == "waitlisted"
    assert placement(confirmed=25, capacity=20) == "waitlisted"  # capacity lowered below the count earlier


def test_promotion_fills_only_free_seats_and_only_with_people_waiting() -> None:
    assert promotable(confirmed=18, capacity=20, waiting=5) == 2
    assert promotable(confirmed=18, capacity=20, waiting=1) == 1
    assert promotable(confirmed=20, capacity=20, waiting=5) == 0
    assert promotable(confirmed=22, capacity=20, waiting=5) == 0
