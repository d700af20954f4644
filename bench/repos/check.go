package main

import (
	"context"
	"errors"
)

func check(ctx context.Context, dir, dolint, table string, pins []Pin, update bool) error {
	return errors.New("not yet")
}
