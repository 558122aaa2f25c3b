import sys

from paperfeed.cli import main

sys.exit(main())
