#!/usr/bin/env bash
# Debian packages the reports and tests need, installed only when missing (needs root — CI runs as
# root — or sudo):
#   chromium                 PNG and PDF export, headless browser tests
#   fonts-noto-cjk           Chinese text in charts, screenshots and the PDF
#   firefox-esr              a second browser engine for the page test
#   libreoffice-writer-nogui converts the Word brief (brief.docx) to PDF in the tests
#   poppler-utils            pdftoppm: the tests measure blank space on the PDF's page images
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v strace >/dev/null 2>&1 || need+=(strace)  # tests/test_read_once.py counts file opens
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
extra=()  # test tools, without their recommended packages (LibreOffice's would add ~300 MB)
command -v firefox-esr >/dev/null 2>&1 || extra+=(firefox-esr)
command -v soffice >/dev/null 2>&1 || extra+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || extra+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && [ ${#extra[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing ${need[*]} ${extra[*]} (apt-get)"
$SUDO apt-get update -qq
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" fontconfig >/dev/null
fi
if [ ${#extra[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${extra[@]}" >/dev/null
fi
