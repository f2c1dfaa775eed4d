import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatDateTimeSeconds } from './formatDate';
import { IsolatedName } from './IsolatedName';

/** One line of a details list: its label and the value as the user reads it. */
export type Field = [label: string, value: string];

/** The value, or a dash where the server sent nothing (or only spaces). */
export const orDash = (value: string | null | undefined): string => (value && value.trim() ? value : '—');
/** A time to the second in the user's locale and time zone, or a dash. */
export const timeOrDash = (value: string | null): string => orDash(formatDateTimeSeconds(value));

/**
 * A session's fields as a description list (the details panel, the history drawer): labels in a narrow
 * column, values isolated so a name from the server cannot reorder the text around it.
 */
export function FieldList({
  fields,
  label,
  inset = true,
}: {
  fields: Field[];
  label: string;
  /** Its own padding; off where the container pads already (the history drawer). */
  inset?: boolean;
}) {
  return (
    <Box
      component="dl"
      aria-label={label}
      sx={{
        m: 0,
        px: inset ? 2 : 0,
        py: inset ? 1 : 0,
        display: 'grid',
        gridTemplateColumns: '130px 1fr',
        columnGap: 1.5,
        rowGap: 0.75,
        alignContent: 'start',
        '& dt': { color: 'text.secondary' },
        '& dd': { m: 0, wordBreak: 'break-word' },
      }}
    >
      {fields.map(([name, value]) => (
        <Box key={name} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2">
            {name}
          </Typography>
          <Typography component="dd" variant="body2" data-field={name}>
            <IsolatedName text={value} />
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
