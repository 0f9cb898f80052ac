import { tr } from '../language';

/**
 * A list table's header row: one column heading each, and, when the rows end with buttons, a last column
 * whose heading only screen readers hear.
 */
export function ListHead(props: { columns: string[]; action?: boolean }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {props.action && (
          <th scope="col">
            <span class="visually-hidden">{tr('console.action')}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
