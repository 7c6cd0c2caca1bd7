"""Issue 12.12: Streamlit's own English on Korean and Japanese pages. What we can control is
checked here; what Streamlit 1.67 cannot translate is listed in README ("Languages")."""
import pytest

from ui.i18n import catalogue

CHART = ".st-key-explorer_chart .js-plotly-plot"
UPLOADER = ".st-key-explorer-upload"


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_no_developer_toolbar_and_a_translated_upload_control(page, console_errors, lang):
    page.goto(f"/?lang={lang}")
    page.wait_for_selector(CHART, timeout=120_000)
    page.locator(f"{UPLOADER} input[type=file]").wait_for(state="attached", timeout=60_000)
    assert page.get_by_text("Deploy", exact=True).count() == 0       # client.toolbarMode
    text = page.locator(UPLOADER).inner_text()
    assert catalogue(lang)["explorer.upload"] in text
    shown = page.evaluate("""(box) => {
        const after = (el) => getComputedStyle(el, '::after').content.replace(/^"|"$/g, '');
        const b = document.querySelector(box + ' button [data-testid=stMarkdownContainer] p');
        const h = document.querySelector(box + ' [data-testid=stFileUploaderDropzoneInstructions] span');
        return {button: after(b), hint: after(h), english: getComputedStyle(b).fontSize};
    }""", f"{UPLOADER} [data-testid=stFileUploaderDropzone]")
    assert shown["button"] == catalogue(lang)["explorer.upload_button"]
    assert shown["hint"] == catalogue(lang)["explorer.upload_limits"].format(mb=10)
    assert shown["english"] == "0px"                                   # drawn at size 0
    page.locator(UPLOADER).scroll_into_view_if_needed()
    page.locator(UPLOADER).screenshot(path=f"/tmp/shots/explorer/uploader_{lang}.png")
