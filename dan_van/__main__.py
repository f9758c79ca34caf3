"""python -m dan_van"""

from .cli import run

run()
