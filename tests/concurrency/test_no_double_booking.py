"""No double booking under concurrency: many clients race through a multi-process server.

Every test fires its requests at once (threads released by one barrier) at gunicorn with
several workers, then checks the answers and, independently, what the database holds.
"""

from collections import Counter

from tests.concurrency.scenes import (
    approve,
    book,
    booking_request,
    cancel,
    holding_spans,
    local_time,
    make_scene,
    max_overlap,
    move,
    series,
    statuses,
    stored_bookings,
)
from tests.live_server import run_concurrently


def _race_for_one_slot(server, scene):
    """Every creator of the scene asks for the same hour at once."""
    body = booking_request(scene.venue_id, local_time(3, "10:00"), 60)
    return run_concurrently([lambda token=token: book(server.base_url, token, body)
                             for token in scene.creator_tokens])


def _assert_no_server_errors(server, results) -> None:
    assert all(isinstance(code, int) and code < 500 for code in statuses(results)), (
        f"{Counter(statuses(results))}\n{server.log_tail()}")


def test_fifty_clients_racing_for_one_slot_get_exactly_one_booking(app, server):
    scene = make_scene(creators=50, max_concurrent=1)

    results = _race_for_one_slot(server, scene)

    _assert_no_server_errors(server, results)
    assert Counter(statuses(results)) == {201: 1, 409: 49}
    losers = [result for result in results if result.status == 409]
    assert {result.code for result in losers} == {"conflict"}
    assert all(result.body["conflicts"] for result in losers)
    assert len(holding_spans(scene.venue_id)) == 1
    assert len(stored_bookings(scene.venue_id)) == 1


def test_racing_for_a_slot_of_three_places_gets_exactly_three_bookings(app, server):
    scene = make_scene(creators=50, max_concurrent=3)

    results = _race_for_one_slot(server, scene)

    _assert_no_server_errors(server, results)
    assert Counter(statuses(results)) == {201: 3, 409: 47}
    assert {result.code for result in results if result.status == 409} == {"conflict"}
    assert max_overlap(holding_spans(scene.venue_id)) == 3


def test_partly_overlapping_requests_never_exceed_max_concurrent(app, server):
    scene = make_scene(creators=48, max_concurrent=2, buffer_minutes=30)
    starts = [local_time(4, at) for at in ("10:00", "10:30", "11:00", "11:30", "12:00", "12:30")]
    bodies = [booking_request(scene.venue_id, starts[index % 6], (60, 90, 120, 30)[index % 4])
              for index in range(48)]

    results = run_concurrently([lambda token=token, body=body: book(server.base_url, token, body)
                                for token, body in zip(scene.creator_tokens, bodies, strict=True)])

    _assert_no_server_errors(server, results)
    counted = Counter(statuses(results))
    assert set(counted) == {201, 409}
    spans = holding_spans(scene.venue_id)
    assert len(spans) == counted[201]
    assert max_overlap(spans) == 2


def test_approvals_racing_with_new_requests_confirm_exactly_one(app, server):
    scene = make_scene(creators=16, requires_approval=True, competing_requests=True)
    body = booking_request(scene.venue_id, local_time(5, "14:00"), 120)
    waiting = [book(server.base_url, token, body) for token in scene.creator_tokens[:8]]
    assert [(answer.status, answer.body["status"]) for answer in waiting] == [(201, "pending")] * 8

    approvals = [lambda answer=answer: approve(server.base_url, scene.manager_token, answer.body["id"])
                 for answer in waiting]
    newcomers = [lambda token=token: book(server.base_url, token, body)
                 for token in scene.creator_tokens[8:]]
    results = run_concurrently(approvals + newcomers)

    _assert_no_server_errors(server, results)
    approved, requested = results[:8], results[8:]
    assert Counter(statuses(approved)) == {200: 1, 409: 7}
    assert set(statuses(requested)) <= {201, 409}
    assert {answer.code for answer in requested if answer.status == 409} <= {"conflict"}
    final = Counter(booking.status for booking in stored_bookings(scene.venue_id))
    assert final == Counter(confirmed=1, rejected=7 + statuses(requested).count(201))


def test_two_competing_requests_approved_at_once_end_one_confirmed_one_rejected(app, server):
    scene = make_scene(creators=10, requires_approval=True, competing_requests=True)
    pairs = []
    for index, at in enumerate(("09:00", "11:00", "13:00", "15:00", "17:00")):
        body = booking_request(scene.venue_id, local_time(6, at), 90)
        pairs.append([book(server.base_url, token, body).body["id"]
                      for token in scene.creator_tokens[2 * index:2 * index + 2]])

    results = run_concurrently([lambda booking_id=booking_id: approve(server.base_url, scene.manager_token,
                                                                      booking_id)
                                for pair in pairs for booking_id in pair])

    _assert_no_server_errors(server, results)
    for pair_index in range(len(pairs)):
        assert sorted(statuses(results[2 * pair_index:2 * pair_index + 2])) == [200, 409]
    stored = {booking.id: booking.status for booking in stored_bookings(scene.venue_id)}
    for pair in pairs:
        assert sorted(stored[booking_id] for booking_id in pair) == ["confirmed", "rejected"]
    assert max_overlap(holding_spans(scene.venue_id)) == 1


def test_retries_racing_with_one_idempotency_key_create_one_booking(app, server):
    scene = make_scene(creators=1, max_concurrent=5)
    body = booking_request(scene.venue_id, local_time(3, "16:00"), 60)
    retry = {"Idempotency-Key": "4b8f0e6c-race"}
    token = scene.creator_tokens[0]

    results = run_concurrently([lambda: book(server.base_url, token, body, retry)] * 12)

    _assert_no_server_errors(server, results)
    assert set(statuses(results)) == {201}
    assert len({answer.body["id"] for answer in results}) == 1
    assert len(stored_bookings(scene.venue_id)) == 1


def test_a_cancelled_slot_is_taken_by_exactly_one_of_the_racing_clients(app, server):
    scene = make_scene(creators=21, max_concurrent=1)
    body = booking_request(scene.venue_id, local_time(4, "18:00"), 60)
    holder = book(server.base_url, scene.creator_tokens[0], body)
    assert holder.status == 201

    cancellation = [lambda: cancel(server.base_url, scene.creator_tokens[0], holder.body["id"])]
    racers = [lambda token=token: book(server.base_url, token, body) for token in scene.creator_tokens[1:]]
    results = run_concurrently(cancellation + racers)

    _assert_no_server_errors(server, results)
    assert results[0].status == 200
    assert set(statuses(results[1:])) <= {201, 409}
    stored = Counter(booking.status for booking in stored_bookings(scene.venue_id))
    assert stored == Counter(cancelled=1, confirmed=statuses(results[1:]).count(201))
    assert max_overlap(holding_spans(scene.venue_id)) == 1


def test_bookings_moved_at_once_into_one_free_slot_leave_it_to_one_of_them(app, server):
    scene = make_scene(creators=10, max_concurrent=1)
    starts = [local_time(5, f"{hour:02d}:00") for hour in range(8, 18)]
    booked = [book(server.base_url, token, booking_request(scene.venue_id, start, 60))
              for token, start in zip(scene.creator_tokens, starts, strict=True)]
    assert statuses(booked) == [201] * 10
    target = local_time(5, "20:00")

    results = run_concurrently([lambda token=token, answer=answer: move(server.base_url, token,
                                                                        answer.body["id"], target, 60)
                                for token, answer in zip(scene.creator_tokens, booked, strict=True)])

    _assert_no_server_errors(server, results)
    assert Counter(statuses(results)) == {200: 1, 409: 9}
    starts = Counter(booking.start for booking in stored_bookings(scene.venue_id))
    assert starts[target] == 1
    assert max_overlap(holding_spans(scene.venue_id)) == 1


def test_racing_series_never_exceed_max_concurrent_on_any_day(app, server):
    scene = make_scene(creators=12, max_concurrent=2)
    bodies = [{**booking_request(scene.venue_id, local_time(3 + index % 4, "10:00"), 60),
               "rrule": "FREQ=DAILY;COUNT=4", "on_conflict": "skip"} for index in range(12)]

    results = run_concurrently([lambda token=token, body=body: series(server.base_url, token, body)
                                for token, body in zip(scene.creator_tokens, bodies, strict=True)])

    _assert_no_server_errors(server, results)
    assert set(statuses(results)) <= {201, 409}
    booked = sum(len(answer.body["bookings"]) for answer in results if answer.status == 201)
    spans = holding_spans(scene.venue_id)
    assert len(spans) == booked == 2 * 7
    assert max_overlap(spans) == 2


def test_approving_many_requests_at_once_fills_max_concurrent_and_no_more(app, server):
    scene = make_scene(creators=8, max_concurrent=2, requires_approval=True, competing_requests=True)
    body = booking_request(scene.venue_id, local_time(6, "19:00"), 60)
    waiting = [book(server.base_url, token, body).body["id"] for token in scene.creator_tokens]

    results = run_concurrently([lambda booking_id=booking_id: approve(server.base_url, scene.manager_token,
                                                                      booking_id)
                                for booking_id in waiting])

    _assert_no_server_errors(server, results)
    assert Counter(statuses(results)) == {200: 2, 409: 6}
    assert Counter(booking.status for booking in stored_bookings(scene.venue_id)) == Counter(
        confirmed=2, rejected=6)
