"""打印版 PDF: a workbook printed by LibreOffice headless, as Calc prints it (A4, the sheets'
own page setup, footers). One LibreOffice start converts several workbooks at once."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from evaluation.refusals import Refusal
from evaluation.wording import N_

FONTS = Path(__file__).with_name("fonts.conf")  # the papers' family → the server's CJK sans
TIMEOUT = 180  # seconds; a first start of LibreOffice on a cold machine takes about 10


class PdfUnavailable(Refusal):
    """LibreOffice is not installed here; the message says how to install it."""


NOT_INSTALLED = N_(
    "这台服务器没有安装 LibreOffice，无法生成打印版 PDF。"
    "请安装后重试（Debian/Ubuntu：apt install libreoffice-calc-nogui），或先使用 Excel 版。"
)


def office() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PdfUnavailable(NOT_INSTALLED)
    return found


async def to_pdf(workbooks: list[Path], folder: Path) -> list[Path]:
    """Each workbook as ``folder``/<its name>.pdf, in order. A fresh LibreOffice profile each
    time, so a running desktop LibreOffice or an earlier crash never blocks the conversion."""
    program = office()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pingyi-lo-") as profile:
        process = await asyncio.create_subprocess_exec(
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(path) for path in workbooks),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, "FONTCONFIG_FILE": str(FONTS)},
        )
        try:
            output, _ = await asyncio.wait_for(process.communicate(), TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise RuntimeError(f"LibreOffice did not finish within {TIMEOUT} s") from None
    made = [folder / f"{path.stem}.pdf" for path in workbooks]
    missing = [path.name for path in made if not path.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no {', '.join(missing)}: {output.decode()[-500:]}")
    return made
