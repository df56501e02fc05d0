package json

import "iter"

// Member is one name/value pair of an [Object]. Name has its escapes
// decoded.
type Member struct {
	Name  string
	Value Value
}

// Object is a validated JSON object whose member names are unique. The zero
// Object has no members. Objects are immutable and safe for concurrent use.
type Object struct {
	v Value // of KindObject, or the zero Value
}

// Len returns the number of members.
func (o Object) Len() int {
	return o.v.Len()
}

// members returns the stored members.
func (o Object) members() []member {
	if o.v.d == nil {
		return nil
	}
	return o.v.d.members[o.v.n.lo:o.v.n.hi]
}

// Members returns the members in document order, in a fresh slice; it
// returns nil for an object without members. [Object.All] iterates without
// allocating.
func (o Object) Members() []Member {
	ms := o.members()
	if len(ms) == 0 {
		return nil
	}
	out := make([]Member, len(ms))
	for i, m := range ms {
		out[i] = Member{Name: m.name, Value: Value{d: o.v.d, n: m.n}}
	}
	return out
}

// All returns an iterator over the names and values of the members in
// document order.
func (o Object) All() iter.Seq2[string, Value] {
	return func(yield func(string, Value) bool) {
		for _, m := range o.members() {
			if !yield(m.name, Value{d: o.v.d, n: m.n}) {
				return
			}
		}
	}
}

// Raw returns the exact bytes of the object in the input, validated. The
// slice shares memory with the input given to [Parse]; the caller must not
// modify it.
func (o Object) Raw() []byte {
	return o.v.Raw()
}

// Value returns the object as a [Value] of [KindObject].
func (o Object) Value() Value {
	return o.v
}

// Get returns the value of the member with exactly the given name; the
// match is case-sensitive and compares decoded names. It takes time linear
// in the number of members.
func (o Object) Get(name string) (Value, bool) {
	ms := o.members()
	for i := range ms {
		if ms[i].name == name {
			return Value{d: o.v.d, n: ms[i].n}, true
		}
	}
	return Value{}, false
}

// Has reports whether the object has a member with exactly the given name.
func (o Object) Has(name string) bool {
	_, ok := o.Get(name)
	return ok
}

// String returns the decoded string value of member name. ok is false, with
// a nil error, if there is no such member. If the member is not a string,
// err is an [*Error] with Path set to the name that matches [ErrType].
func (o Object) String(name string) (s string, ok bool, err error) {
	v, ok := o.Get(name)
	if !ok {
		return "", false, nil
	}
	s, err = v.String()
	return s, true, withPath(err, name)
}

// StringArray returns the value of member name, which must be an array of
// strings, in a fresh slice. ok is false, with a nil error, if there is no
// such member. Otherwise errors are as for [Value.StringArray], with the
// name at the start of the Path.
func (o Object) StringArray(name string) ([]string, bool, error) {
	v, ok := o.Get(name)
	if !ok {
		return nil, false, nil
	}
	ss, err := v.StringArray()
	return ss, true, withPath(err, name)
}

// Bool returns the value of member name, which must be true or false. ok is
// false, with a nil error, if there is no such member; otherwise errors are
// as for [Value.Bool], with Path set to the name.
func (o Object) Bool(name string) (bool, bool, error) {
	v, ok := o.Get(name)
	if !ok {
		return false, false, nil
	}
	b, err := v.Bool()
	return b, true, withPath(err, name)
}

// Int64 returns the value of member name, which must be a number written as
// an integer in the int64 range. ok is false, with a nil error, if there is
// no such member; otherwise errors are as for [Value.Int64], with Path set
// to the name.
func (o Object) Int64(name string) (int64, bool, error) {
	v, ok := o.Get(name)
	if !ok {
		return 0, false, nil
	}
	n, err := v.Int64()
	return n, true, withPath(err, name)
}

// Float64 returns the value of member name, which must be a number within
// the finite float64 range. ok is false, with a nil error, if there is no
// such member; otherwise errors are as for [Value.Float64], with Path set to
// the name.
func (o Object) Float64(name string) (float64, bool, error) {
	v, ok := o.Get(name)
	if !ok {
		return 0, false, nil
	}
	f, err := v.Float64()
	return f, true, withPath(err, name)
}

// Object returns the value of member name, which must be an object. ok is
// false, with a nil error, if there is no such member; otherwise errors are
// as for [Value.Object], with Path set to the name.
func (o Object) Object(name string) (Object, bool, error) {
	v, ok := o.Get(name)
	if !ok {
		return Object{}, false, nil
	}
	obj, err := v.Object()
	return obj, true, withPath(err, name)
}

// Array returns the elements of member name, which must be an array, in a
// fresh slice. ok is false, with a nil
// error, if there is no such member; otherwise errors are as for
// [Value.Array], with Path set to the name.
func (o Object) Array(name string) ([]Value, bool, error) {
	v, ok := o.Get(name)
	if !ok {
		return nil, false, nil
	}
	elems, err := v.Array()
	return elems, true, withPath(err, name)
}

// withPath prefixes the path of err, if any, with member name.
func withPath(err error, name string) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	if e.Path == "" {
		e.Path = namePath(name)
		return e
	}
	return prefixPath(e, name)
}
