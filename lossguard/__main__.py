from lossguard.cli.commands import main

main()
