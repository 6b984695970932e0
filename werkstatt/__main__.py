import sys

from werkstatt.cli.main import main

sys.exit(main())
