package jsoncodec

import "errors"

// errTrailing reports data after the first JSON value.
var errTrailing = errors.New("unexpected data after the JSON value")

func trailing(more bool) error {
	if more {
		return errTrailing
	}
	return nil
}
