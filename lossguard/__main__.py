try:
    from lossguard.cli import run
except KeyboardInterrupt:  # Ctrl-C while starting: nothing has been read or written yet
    import os

    os._exit(130)

run()
