// The live updates of the signed-in console and a small dot in the header that says whether they
// are connected. Mounted once in the layout: mounting it is what opens the stream.
import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLiveUpdates } from './live';

const BADGE = { open: 'success', connecting: 'processing', reconnecting: 'warning' } as const;

export function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveUpdates();
  const label = t(`oversight.live.${status}`);
  return (
    <Tooltip title={label}>
      <span role="status" aria-label={label} data-testid="live-status" data-status={status} tabIndex={0}>
        <Badge status={BADGE[status]} text={status === 'reconnecting' ? label : undefined} />
      </span>
    </Tooltip>
  );
}
