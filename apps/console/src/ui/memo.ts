import { Component, type ComponentChild } from 'preact';

/**
 * A component that renders again only when `equal` says its props changed: the matrix's rows use it so a
 * live update re-renders one row, not five hundred. (preact/compat's memo would do, at the price of a hook
 * on every element of the page.)
 */
export function memo<P extends object>(render: (props: P) => ComponentChild, equal: (a: P, b: P) => boolean) {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !equal(this.props, next);
    }
    override render(): ComponentChild {
      return render(this.props);
    }
  };
}
