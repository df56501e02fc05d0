package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// object is a JSON object read member by member, keeping the order and
// recording duplicate names, which encoding/json would silently merge.
type object struct {
	raw    json.RawMessage
	names  []string
	values []json.RawMessage
	dups   []string
}

func parseObject(data []byte) (*object, error) {
	o := &object{raw: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, errors.New("not valid JSON")
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, errors.New("not valid JSON")
		}
		if i := o.index(name); i >= 0 {
			o.dups = append(o.dups, name)
			o.values[i] = v // the last one wins, as in encoding/json
			continue
		}
		o.names = append(o.names, name)
		o.values = append(o.values, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, errors.New("not valid JSON")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON object")
	}
	return o, nil
}

func (o *object) index(name string) int {
	for i, n := range o.names {
		if n == name {
			return i
		}
	}
	return -1
}

func (o *object) has(name string) bool { return o != nil && o.index(name) >= 0 }

func (o *object) hasAny(names ...string) bool {
	for _, n := range names {
		if o.has(n) {
			return true
		}
	}
	return false
}

func (o *object) get(name string) (json.RawMessage, bool) {
	if o == nil {
		return nil, false
	}
	if i := o.index(name); i >= 0 {
		return o.values[i], true
	}
	return nil, false
}

func (o *object) str(name string) (string, bool) {
	v, ok := o.get(name)
	if !ok {
		return "", false
	}
	return jsonString(v)
}

// merge returns the members of o and then those of p that o lacks.
func (o *object) merge(p *object) *object {
	out := &object{}
	for _, src := range []*object{o, p} {
		if src == nil {
			continue
		}
		for i, n := range src.names {
			if !out.has(n) {
				out.names = append(out.names, n)
				out.values = append(out.values, src.values[i])
			}
		}
	}
	return out
}
