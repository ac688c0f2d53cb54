//! The one stable sort of the app. Every `sort_by`/`sort_by_key` call site with its own closure
//! is a copy of the whole sort routine in the wasm (a few KB each); here only [`order`] sorts,
//! on indices, and the generic wrappers just compare and move elements.

use std::cmp::Ordering;

/// The stable sorted order of `len` elements compared by index: `order[i]` is the index of the
/// element that belongs at place `i`. Not generic and never inlined, so it is compiled once.
#[inline(never)]
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves the elements into `order` (as [`order`] returns it), one cycle at a time: each swap
/// puts one element in its place, and a visited place is marked by pointing at itself.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut place = start;
        loop {
            let from = order[place];
            order[place] = place;
            if from == start {
                break;
            }
            v.swap(place, from);
            place = from;
        }
    }
}

/// Sorts stably by `cmp`, like [`slice::sort_by`].
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts stably by a key computed once per element, like [`slice::sort_by_cached_key`].
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = order(v.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(v, order);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same result as the standard library's stable sorts, ties (equal first fields) kept
        /// in their original order.
        #[test]
        fn sorts_like_std(v in proptest::collection::vec((0u8..4, any::<u16>()), 0..40)) {
            let mut expected = v.clone();
            expected.sort_by_key(|e| std::cmp::Reverse(e.0));
            let mut by = v.clone();
            sort_by(&mut by, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(&by, &expected);

            let mut expected = v.clone();
            expected.sort_by_key(|e| e.0);
            let mut by_key = v;
            sort_by_key(&mut by_key, |e| e.0);
            prop_assert_eq!(by_key, expected);
        }
    }

    #[test]
    fn sorts_a_known_list() {
        let mut v = vec![("c", 1), ("a", 2), ("b", 1), ("a", 1)];
        sort_by_key(&mut v, |e| e.0);
        assert_eq!(v, [("a", 2), ("a", 1), ("b", 1), ("c", 1)]);
        sort_by(&mut v, |x, y| x.1.cmp(&y.1));
        assert_eq!(v, [("a", 1), ("b", 1), ("c", 1), ("a", 2)]);
    }
}
