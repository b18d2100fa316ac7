module gauntlet/servers/go

go 1.19
