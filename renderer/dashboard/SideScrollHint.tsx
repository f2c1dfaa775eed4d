import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import Button from '@mui/material/Button';
import { alpha } from '@mui/material/styles';
import { useEffect, useState, type RefObject } from 'react';

const SLACK_PX = 8;

interface Overflow {
  left: boolean;
  right: boolean;
}

/**
 * Whether the grid inside `container` has columns out of sight to the left or right. Watches the grid's
 * scroller for scrolling and size changes (window, column widths, columns shown).
 */
function useSideOverflow(container: RefObject<HTMLElement | null>): [Overflow, (by: number) => void] {
  const [overflow, setOverflow] = useState<Overflow>({ left: false, right: false });
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    // Watched only until the grid's scroller is there: a poll or a search mutates many cells, and the
    // scroller stays for the grid's life.
    const observer = new MutationObserver(() => find());
    const find = () => {
      const found = root.querySelector<HTMLElement>('.MuiDataGrid-virtualScroller');
      if (!found) return;
      observer.disconnect();
      setScroller(found);
    };
    observer.observe(root, { childList: true, subtree: true });
    find();
    return () => observer.disconnect();
  }, [container]);
  useEffect(() => {
    if (!scroller) return;
    const measure = () => {
      // The columns' total width is the content's (the scroller's own scrollWidth also counts cell content
      // that spills out of the last column); a few pixels are not columns out of sight.
      const content = scroller.querySelector<HTMLElement>('.MuiDataGrid-virtualScrollerContent');
      const total = content ? content.getBoundingClientRect().width : scroller.scrollWidth;
      const left = scroller.scrollLeft > SLACK_PX;
      const right = scroller.scrollLeft + scroller.clientWidth < total - SLACK_PX;
      setOverflow((before) => (before.left === left && before.right === right ? before : { left, right }));
    };
    measure();
    scroller.addEventListener('scroll', measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(scroller);
    const content = scroller.querySelector('.MuiDataGrid-virtualScrollerContent');
    if (content) resized.observe(content);
    return () => {
      scroller.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, [scroller]);
  return [overflow, (by) => scroller?.scrollBy({ left: by })];
}

/**
 * Makes sideways scrolling obvious: a shaded edge and a "More columns" button on the side where columns
 * are out of sight (the grid's own scrollbar is thin and, on some systems, hidden until hovered).
 */
export function SideScrollHint({ container }: { container: RefObject<HTMLElement | null> }) {
  const [overflow, scrollBy] = useSideOverflow(container);
  const edge = (side: 'left' | 'right') => (
    <Button
      size="small"
      variant="contained"
      color="inherit"
      onClick={() => scrollBy(side === 'right' ? 320 : -320)}
      startIcon={side === 'left' ? <ChevronLeftIcon /> : undefined}
      endIcon={side === 'right' ? <ChevronRightIcon /> : undefined}
      aria-label={side === 'right' ? 'Scroll to more columns on the right' : 'Scroll to the columns on the left'}
      sx={(theme) => ({
        position: 'absolute',
        top: 6,
        [side]: 6,
        zIndex: 5,
        boxShadow: `0 0 12px 8px ${alpha(theme.palette.background.paper, 0.9)}`,
        bgcolor: 'background.paper',
        border: 1,
        borderColor: 'divider',
      })}
    >
      {side === 'right' ? 'More columns' : 'Back'}
    </Button>
  );
  return (
    <>
      {overflow.left && edge('left')}
      {overflow.right && edge('right')}
    </>
  );
}
