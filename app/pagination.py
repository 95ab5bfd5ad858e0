"""The contract's paginated lists: `?page=&per_page=` in, `{items, page, per_page, total}` out."""

from marshmallow import Schema, fields, validate

MAX_PER_PAGE = 100


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class PageOut(Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


def page_of(item_schema: type[Schema], name: str) -> type[Schema]:
    """An output schema named `name` for one page of `item_schema` items."""
    return type(name, (PageOut,), {"items": fields.List(fields.Nested(item_schema))})
