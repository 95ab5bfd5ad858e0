"""The browsable API reference works with no internet: every asset comes from this server."""

from urllib.parse import urlsplit


def test_the_docs_render_in_a_browser_without_internet(new_page, live_server):
    page = new_page()
    outside = []

    def only_this_server(route):
        if urlsplit(route.request.url).netloc != urlsplit(live_server).netloc:
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", only_this_server)
    page.goto(f"{live_server}/api/docs")
    page.wait_for_selector("text=Accounts and tokens", timeout=30_000)

    assert "Shanghai Creator Spaces" in page.inner_text(".swagger-ui .info .title")
    assert page.locator("button.authorize").count() == 1
    assert outside == []
