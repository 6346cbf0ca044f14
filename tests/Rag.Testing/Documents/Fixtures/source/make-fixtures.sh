#!/usr/bin/env bash
# Regenerates the committed Office and web fixtures from the sources beside this script.
# Needs Debian's pandoc and LibreOffice: apt-get install pandoc libreoffice-writer-nogui libreoffice-calc-nogui
set -euo pipefail
cd "$(dirname "$0")"
pandoc report.md -o ../report.docx
pandoc deck.md -o ../deck.pptx
pandoc report.md -o /tmp/report-libreoffice.odt
soffice --headless --convert-to docx --outdir /tmp /tmp/report-libreoffice.odt >/dev/null
mv /tmp/report-libreoffice.docx ../report-libreoffice.docx
soffice --headless --convert-to xlsx --outdir .. inventory.fods >/dev/null
iconv -f utf-8 -t windows-1252 page.utf8.html > ../page.html
printf 'City;Country;Population;Founded\nLjubljana;Slovenia;295504;1144\nTartu;Estonia;97759;1030\n"Aix-en-Provence";France;143006;-123\n' > ../cities.csv
