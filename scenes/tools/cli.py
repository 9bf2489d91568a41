"""Command line: ``python -m scenes doctor``, ``render``, ``player``, ``classroom``, ``golden``,
``bench``, ``numbers`` and ``handout``."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    from scenes.tools import bench, classroom, player, render

    parser = argparse.ArgumentParser(
        prog="python -m scenes",
        description="Transformer videos in Manim: check the machine, render every scene, "
        "write the offline lecture player.",
        epilog="One scene with the manim CLI: "
        "manim -pql scenes/positional_encoding.py PositionalEncoding",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser(
        "doctor",
        help="check LaTeX, dvisvgm, the CJK font, ffmpeg/PyAV and the media dir",
        description="Check what rendering needs; say what to install for anything missing. "
        "Exits 1 if a check fails.",
    )
    render_parser = sub.add_parser(
        "render",
        help="render scenes x languages x themes in parallel into videos/",
        description=render.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    render.add_arguments(render_parser)
    render_parser.set_defaults(subparser=render_parser)
    player_parser = sub.add_parser(
        "player",
        help="rewrite videos/index.html, the offline lecture player, from what videos/ holds",
        description=player.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    player.add_arguments(player_parser)
    classroom_parser = sub.add_parser(
        "classroom",
        help="write the PowerPoint decks and the whole lecture (Lecture.mp4) of what videos/ "
        "holds",
        description=classroom.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    classroom.add_arguments(classroom_parser)
    golden_parser = sub.add_parser(
        "golden",
        help="re-render at -ql (zh, dark) and rewrite the golden section stills in tests/golden/",
        description="Rewrite the golden frames after an intended visual change (look at the "
        "PNG diff before committing).",
    )
    golden_parser.add_argument("--scenes", default="",
                               help="comma-separated scene classes (default: every scene)")
    bench_parser = sub.add_parser(
        "bench",
        help="render each scene cold at -qh and -ql and once more warm; print the real-time "
        "factors and write bench/results.json",
        description=bench.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bench.add_arguments(bench_parser)
    # the numbers of every section and the printable handouts (scenes/tools/numbers.py, handout.py)
    from scenes.tools import handout, numbers

    numbers_parser = sub.add_parser(
        "numbers", help="write videos/<lang>-<theme>/<Scene>.numbers.json (dry builds)",
        description=numbers.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    numbers.add_arguments(numbers_parser)
    numbers_parser.set_defaults(subparser=numbers_parser)
    handout_parser = sub.add_parser(
        "handout", help="write videos/<lang>-<theme>/<Scene>.pdf, the printable handouts",
        description=handout.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    handout.add_arguments(handout_parser)
    handout_parser.set_defaults(subparser=handout_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "doctor":
        from scenes.tools import doctor

        return doctor.main()
    if args.command == "player":
        from scenes.tools import player

        return player.run(args)
    if args.command == "classroom":
        from scenes.tools import classroom

        return classroom.run(args)
    if args.command == "bench":
        from scenes.tools import bench

        return bench.run(args)
    if args.command == "numbers":
        from scenes.tools import numbers

        return numbers.run(args, args.subparser)
    if args.command == "handout":
        from scenes.tools import handout

        return handout.run(args, args.subparser)
    if args.command == "golden":
        from scenes.tools import golden

        return golden.run(args)
    from scenes.tools import render

    return render.run(args, args.subparser)


if __name__ == "__main__":
    sys.exit(main())
