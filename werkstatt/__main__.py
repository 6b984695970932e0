import sys

from werkstatt.cli import main

sys.exit(main())
