// Answers remembered per object, for facts derived from parsed manifest data that several rules
// ask for: the key is never changed once read, and the answer is shared, so callers must not
// change it either.

/** `compute`, remembered per key object for as long as the key lives. */
export function rememberedPer<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const answers = new WeakMap<K, V>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      answers.set(key, answer);
    }
    return answer;
  };
}

/**
 * As rememberedPer, for a `compute` that also reads a context fixed for each key (a StatefulSet
 * view's graph): remembered per key alone.
 */
export function rememberedPerWith<C, K extends object, V>(compute: (context: C, key: K) => V): (context: C, key: K) => V {
  const answers = new WeakMap<K, V>();
  return (context, key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(context, key);
      answers.set(key, answer);
    }
    return answer;
  };
}
