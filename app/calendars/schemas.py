"""Output schemas of the calendars domain."""

from marshmallow import Schema, fields


class FeedUrlsSchema(Schema):
    url = fields.String(metadata={"description": "https (or http) URL of the personal feed"})
    webcal_url = fields.String(metadata={"description": "The same feed for calendar apps (webcal://)"})
