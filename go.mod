module github.com/jose-suite/jose

go 1.26
