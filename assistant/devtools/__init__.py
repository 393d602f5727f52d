"""Tools for developing and trying the assistant without the outside world: a local fake of
the Tweede Kamer's SyncFeed with a fictional demo world, and the builders it uses. Shipped in
the package so README, benchmarks and scripts run them as `python -m assistant.devtools...`;
the program itself never imports them."""
