from lossguard.cli import main

main()
