"""python -m assistant: same as the `assistant` command."""

from .cli import main

if __name__ == "__main__":
    main()
