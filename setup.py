"""The optional native CRF core of danvan; everything else is in pyproject.toml.

`pip install .` compiles dan_van/nlp/_crfcore.c where a C compiler and the Python headers are found. Where
they are not, the build goes on with a warning and danvan runs its pure-Python engine, with the same tags.
"""

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing when the extension cannot be compiled."""

    def run(self):
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - no compiler, no headers: the pure-Python engine runs
            self._skip(error)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as error:  # noqa: BLE001
            self._skip(error)

    @staticmethod
    def _skip(error):
        print(
            f"WARNING: danvan's native CRF core was not built ({error}); the pure-Python engine will run instead.",
            file=sys.stderr,
        )


setup(
    ext_modules=[
        Extension(
            "dan_van.nlp._crfcore",
            sources=["dan_van/nlp/_crfcore.c"],
            # C99, strict IEEE doubles (no contraction into FMA: sums must round as underthesea_core's do).
            extra_compile_args=["-std=c99", "-O2", "-ffp-contract=off", "-fno-fast-math", "-Wall"],
            optional=True,
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
