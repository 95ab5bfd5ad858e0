"""The calendar endpoints are part of the published OpenAPI document."""


def test_feed_endpoints_are_documented_as_text_calendar(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/feeds/{secret}.ics", "/feeds/venues/{slug}.ics", "/api/v1/bookings/{booking_id}.ics"):
        assert "text/calendar" in paths[path]["get"]["responses"]["200"]["content"], path
    assert set(paths["/api/v1/me/feeds"]["get"]["responses"]["200"]["content"]["application/json"]
               ["schema"]["$ref"].split("/")[-1:]) == {"FeedUrls"}
    assert "post" in paths["/api/v1/me/feeds/rotate"]
