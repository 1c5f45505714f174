import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from exports import poster


def test_a_long_name_wraps_inside_the_margins_and_the_page_is_a4():
    font_path = poster.find_font()
    name = "中共某某市某某区某某街道某某社区某某小区第一党支部委员会联合党支部"
    png = poster.poster_png(
        name, "2026年第四季度", "2026年12月9日", "https://t.me/x?start=y", font_path
    )
    image = Image.open(io.BytesIO(png))
    assert image.size == (1240, 1754) and round(image.info["dpi"][0]) == 150
    font = ImageFont.truetype(str(font_path), 76)
    draw = ImageDraw.Draw(image)
    lines = poster._wrap(draw, name, font, poster.WIDTH - 2 * poster.MARGIN)
    assert len(lines) > 1 and "".join(lines) == name
    assert all(
        draw.textlength(line, font=font) <= poster.WIDTH - 2 * poster.MARGIN for line in lines
    )


def test_without_a_cjk_font_the_error_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(poster, "FONT_CANDIDATES", (str(tmp_path / "none.ttc"),))
    with pytest.raises(poster.PosterError, match="fonts-wqy-microhei"):
        poster.find_font(str(tmp_path / "missing.ttf"))
