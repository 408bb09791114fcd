"""The ``pps-canvas`` command line, for whoever runs the server: list, export, report, back up, restore, demo, keys.

It opens the same database as the app (``DATABASE_URL`` / ``PPS_CANVAS_DB``, see ``data.db``). On an error
it prints one Dutch line on stderr and exits with a non-zero status.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from data.db import DatabaseError, database_url
from data.store import InvalidInput, Store, StoreError, StoreUnavailable

__all__ = ["main"]

DEFAULT_URL = "http://localhost:8501"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"pps-canvas: fout in de opdracht: {message} (zie pps-canvas --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pps-canvas", description="Beheer van PPS Canvas vanaf de opdrachtregel.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT", parser_class=_Parser)

    commands.add_parser("workshops", help="toon alle workshops met code, PPS, titel, fase en aantallen")

    export = commands.add_parser("export", help="schrijf het Excel-overzicht van een workshop")
    export.add_argument("code", help="de workshopcode")
    export.add_argument("--xlsx", required=True, type=Path, metavar="BESTAND", help="het .xlsx-bestand")

    poster = commands.add_parser("poster", help="schrijf de poster (PDF) van het canvas van een workshop")
    poster.add_argument("code", help="de workshopcode")
    poster.add_argument("--pdf", required=True, type=Path, metavar="BESTAND", help="het .pdf-bestand")
    poster.add_argument(
        "--formaat", default="A3", type=str.upper, choices=("A3", "A1", "A0"), help="papierformaat (standaard A3)"
    )

    dia = commands.add_parser("dia", help="schrijf de presentatie (PowerPoint) voor de stuurgroep")
    dia.add_argument("code", help="de workshopcode")
    dia.add_argument("--pptx", required=True, type=Path, metavar="BESTAND", help="het .pptx-bestand")
    together = commands.add_parser(
        "export-samenwerking", help="schrijf het Excel-overzicht van een samenwerking over al haar rondes"
    )
    together.add_argument("name", metavar="NAAM", help="de naam van de samenwerking (of de code van een ronde)")
    together.add_argument("--xlsx", required=True, type=Path, metavar="BESTAND", help="het .xlsx-bestand")

    rapport = commands.add_parser(
        "rapport", help="schrijf de monitoringsrapportage van een samenwerking voor de stuurgroep (Word en/of PDF)"
    )
    rapport.add_argument("name", metavar="NAAM", help="de naam van de samenwerking (of de code van een ronde)")
    rapport.add_argument("--docx", type=Path, metavar="BESTAND", help="het .docx-bestand (Word)")
    rapport.add_argument("--pdf", type=Path, metavar="BESTAND", help="het .pdf-bestand")
    rapport.add_argument("--van", type=int, metavar="N", help="eerste ronde van de periode (standaard de eerste)")
    rapport.add_argument("--tot", type=int, metavar="N", help="laatste ronde van de periode (standaard de laatste)")

    community = commands.add_parser("community", help="beheer lerende communities (aanmaken, lijst, nieuwe sleutel)")
    community_commands = community.add_subparsers(
        dest="community_command", required=True, metavar="ACTIE", parser_class=_Parser
    )
    new = community_commands.add_parser("nieuw", help="maak een community en toon eenmalig de coördinatorlink")
    new.add_argument("name", metavar="NAAM", help="de naam van de community")
    new.add_argument("--regio", default="", help="de regio (mag leeg)")
    new.add_argument("--omschrijving", default="", help="waar de community samen over leert (mag leeg)")
    new.add_argument("--url", default=DEFAULT_URL, help=f"adres van de app (standaard {DEFAULT_URL})")
    community_commands.add_parser("lijst", help="toon alle communities met uitnodigingscode en aantal leden")
    community_key = community_commands.add_parser("sleutel", help="maak een nieuwe coördinatorlink (de oude vervalt)")
    community_key.add_argument("name", metavar="NAAM", help="de naam van de community")
    community_key.add_argument("--url", default=DEFAULT_URL, help=f"adres van de app (standaard {DEFAULT_URL})")
    community_export = commands.add_parser(
        "export-community", help="schrijf het Excel-bestand van een community (alleen wat de leden delen)"
    )
    community_export.add_argument("name", metavar="NAAM", help="de naam van de community")
    community_export.add_argument("--xlsx", required=True, type=Path, metavar="BESTAND", help="het .xlsx-bestand")

    backup = commands.add_parser("backup", help="schrijf een JSON-back-up van één of alle workshops")
    backup.add_argument("code", nargs="?", help="de workshopcode (zonder code: alle workshops)")
    backup.add_argument("--json", required=True, metavar="BESTAND", help="het .json-bestand, of - voor stdout")

    restore_ = commands.add_parser("restore", help="zet de workshops uit een JSON-back-up terug")
    restore_.add_argument("file", type=Path, metavar="BESTAND", help="het .json-bestand")

    demo = commands.add_parser("demo", help="laad de voorbeeldworkshops en toon hun begeleiderslinks")
    demo.add_argument("--url", default=DEFAULT_URL, help=f"adres van de app (standaard {DEFAULT_URL})")

    key = commands.add_parser("sleutel", help="maak een nieuwe begeleiderslink voor een workshop")
    key.add_argument("code", help="de workshopcode")
    key.add_argument("--url", default=DEFAULT_URL, help=f"adres van de app (standaard {DEFAULT_URL})")
    return parser


def _facilitator_link(url: str, key: str) -> str:
    return f"{url.rstrip('/')}/begeleiden?key={key}"


def _coordinator_link(url: str, key: str) -> str:
    return f"{url.rstrip('/')}/community?ckey={key}"


def _community(args: argparse.Namespace, store: Store) -> None:
    out = sys.stdout
    if args.community_command == "nieuw":
        made, key = store.create_community(name=args.name, region=args.regio, description=args.omschrijving)
        out.write(f"Community {made.name} aangemaakt. Uitnodigingscode voor begeleiders: {made.invite_code}\n")
        out.write("Coördinatorlink (wordt maar één keer getoond; bewaar hem goed):\n")
        out.write(_coordinator_link(args.url, key) + "\n")
    elif args.community_command == "lijst":
        for c in store.communities():
            members = len(store.community_snapshot_by_name(c.name).overview)
            out.write(f"{c.name}\t{c.region}\tcode {c.invite_code}\t{members} samenwerkingen\n")
    elif args.community_command == "sleutel":
        key = store.reset_coordinator_key(args.name)
        made = store.community_by_name(args.name)
        out.write(f"Nieuwe coördinatorlink voor {made.name} (de oude werkt niet meer):\n")
        out.write(_coordinator_link(args.url, key) + "\n")


def _run(args: argparse.Namespace, store: Store) -> None:
    # Each command imports the file output it writes, not all of them at the top: every `pps-canvas` start
    # would otherwise load openpyxl, reportlab, python-pptx and python-docx whatever it was asked to do.
    out = sys.stdout
    if args.command == "workshops":
        for w in store.workshops():
            people = len(store.participants(w.id))
            notes = len(store.notes(w.id))
            status = ", gesloten" if w.closed else ""
            out.write(
                f"{w.code}\t{w.pps_name}\t{w.title}\t{w.phase.label}{status}\t{people} deelnemers\t{notes} notities\n"
            )
    elif args.command == "export":
        from exports.excel import workbook_bytes

        workshop = store.workshop(args.code)
        args.xlsx.write_bytes(workbook_bytes(store, workshop))
        out.write(f"Excel-overzicht van {workshop.code} geschreven naar {args.xlsx}\n")
    elif args.command == "poster":
        from exports.poster import poster_pdf

        workshop = store.workshop(args.code)
        args.pdf.write_bytes(poster_pdf(store, workshop, args.formaat))
        out.write(f"Poster ({args.formaat}) van {workshop.code} geschreven naar {args.pdf}\n")
    elif args.command == "dia":
        from exports.slides import slides_pptx

        workshop = store.workshop(args.code)
        args.pptx.write_bytes(slides_pptx(store, workshop))
        out.write(f"Presentatie van {workshop.code} geschreven naar {args.pptx}\n")
    elif args.command == "export-samenwerking":
        from exports.samenwerking_excel import find_samenwerking, samenwerking_workbook_bytes

        samenwerking = find_samenwerking(store, args.name)
        args.xlsx.write_bytes(samenwerking_workbook_bytes(store, samenwerking))
        count = len(store.rondes(samenwerking.id))
        rondes = f"{count} {'ronde' if count == 1 else 'rondes'}"
        out.write(f"Excel-overzicht van {samenwerking.name} ({rondes}) geschreven naar {args.xlsx}\n")
    elif args.command == "rapport":
        from exports.report import build_report
        from exports.report_docx import report_docx
        from exports.report_pdf import report_pdf
        from exports.samenwerking_excel import find_samenwerking

        if not args.docx and not args.pdf:
            raise InvalidInput("Geef --docx BESTAND, --pdf BESTAND of allebei.")
        samenwerking = find_samenwerking(store, args.name)
        report = build_report(store, samenwerking, first=args.van, last=args.tot)
        for target, render in ((args.docx, report_docx), (args.pdf, report_pdf)):
            if target:
                target.write_bytes(render(report))
                out.write(f"Monitoringsrapportage van {samenwerking.name} geschreven naar {target}\n")
    elif args.command == "community":
        _community(args, store)
    elif args.command == "export-community":
        from exports.community_excel import community_workbook_bytes

        snapshot = store.community_snapshot_by_name(args.name)
        args.xlsx.write_bytes(community_workbook_bytes(snapshot))
        count = len(snapshot.overview)
        out.write(
            f"Excel-bestand van community {snapshot.community.name} ({count} samenwerkingen) geschreven naar "
            f"{args.xlsx}\n"
        )
    elif args.command == "backup":
        from exports.backup import backup_json

        text = backup_json(store, args.code)
        if args.json == "-":
            out.write(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
            what = f"workshop {args.code.upper()}" if args.code else "alle workshops"
            out.write(f"Back-up van {what} geschreven naar {args.json}\n")
    elif args.command == "restore":
        from exports.backup import restore

        restored = restore(store, args.file.read_bytes())
        for w in restored:
            out.write(f"Teruggezet: {w.code}\t{w.heading}\n")
    elif args.command == "demo":
        from demo import load_demo_with_community

        created, coordinator_key = load_demo_with_community(store)
        if not created:
            out.write("De voorbeeldworkshops staan er al; er is niets veranderd.\n")
        for code, key in created.items():
            out.write(f"{code}\t{_facilitator_link(args.url, key)}\n")
        if coordinator_key:
            out.write(f"community\t{_coordinator_link(args.url, coordinator_key)}\n")
    elif args.command == "sleutel":
        key = store.reset_facilitator_key(args.code)
        workshop = store.workshop(args.code)
        out.write(f"Nieuwe begeleiderslink voor {workshop.code} (de oude werkt niet meer):\n")
        out.write(_facilitator_link(args.url, key) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The store logs the driver's own words for a server's log; here the one Dutch sentence below says it.
    logging.getLogger("pps_canvas.store").setLevel(logging.ERROR)
    try:
        store = Store.open(database_url())
        try:
            _run(args, store)
        finally:
            store.engine.dispose()
    except StoreUnavailable as error:
        # The store's sentence is for a participant; whoever runs the command also needs where to look.
        print(f"pps-canvas: {error} Blijft het zo, controleer dan DATABASE_URL of PPS_CANVAS_DB.", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"pps-canvas: {error}", file=sys.stderr)
        return 1
    except DatabaseError as error:
        print(
            f"pps-canvas: de database werkt niet mee ({type(error).__name__}); "
            "controleer DATABASE_URL of PPS_CANVAS_DB.",
            file=sys.stderr,
        )
        return 1
    except FileNotFoundError as error:
        print(f"pps-canvas: bestand niet gevonden: {error.filename}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"pps-canvas: kan het bestand niet lezen of schrijven: {error.strerror} ({error.filename})", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
